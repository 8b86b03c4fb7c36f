<?xml version="1.0" encoding="utf-8"?>
<!--
  Renders an RSS 2.0 or Atom 1.0 document as a readable page when someone opens a feed in a browser
  (<?xml-stylesheet?>); feed readers ignore it. XSLT 1.0 only, no script: the page must work under the
  Worker's strict Content-Security-Policy. "/assets/style.css" becomes the hashed stylesheet at build.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="subtitle" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="lang">
    <xsl:choose>
      <xsl:when test="/rss/channel/language"><xsl:value-of select="/rss/channel/language"/></xsl:when>
      <xsl:when test="/atom:feed/@xml:lang"><xsl:value-of select="/atom:feed/@xml:lang"/></xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:apply-templates select="$title" mode="text"/> · web feed</title>
        <link rel="stylesheet" href="/assets/style.css"/>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="{$home}"><xsl:apply-templates select="$title" mode="text"/></a>
          <nav aria-label="Site"><a href="{$home}">Website</a></nav>
        </header>
        <main id="main">
          <h1><xsl:apply-templates select="$title" mode="text"/></h1>
          <p class="lede"><xsl:apply-templates select="$subtitle" mode="text"/></p>
          <aside class="subscribe" aria-labelledby="how">
            <h2 id="how">This is a web feed</h2>
            <p>Subscribe by copying this page’s address into a feed reader (NetNewsWire, Feedly, Miniflux…);
              new articles then come to you as they are published.</p>
            <p><code><xsl:value-of select="$self"/></code></p>
          </aside>
          <ol class="articles">
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
        </main>
        <footer class="site">
          <p><a href="{$home}">Read <xsl:apply-templates select="$title" mode="text"/> on the web</a></p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item | atom:entry">
    <xsl:variable name="link" select="link | atom:link[@rel='alternate' or not(@rel)]/@href"/>
    <li>
      <article>
        <h2><a href="{$link}"><xsl:apply-templates select="title | atom:title" mode="text"/></a></h2>
        <p class="meta">
          <xsl:call-template name="date">
            <xsl:with-param name="d">
              <xsl:choose>
                <xsl:when test="atom:published"><xsl:value-of select="atom:published"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="pubDate | atom:updated"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
          </xsl:call-template>
        </p>
        <xsl:if test="description | atom:summary">
          <p><xsl:apply-templates select="description | atom:summary" mode="text"/></p>
        </xsl:if>
      </article>
    </li>
  </xsl:template>

  <!--
    Text for people. RSS <description> and Atom type="html" hold HTML (RFC 4287 §3.1.1.2); edgefeed's
    are always escaped plain text, so the escapes it writes are decoded once and the result is shown
    as text, never as markup. Atom type="text" and RSS titles are plain text already.
  -->
  <xsl:template match="*" mode="text">
    <xsl:choose>
      <xsl:when test="@type = 'html' or self::description">
        <xsl:call-template name="unescape"><xsl:with-param name="s" select="string(.)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One left-to-right pass, so "&amp;lt;" becomes "&lt;", not "<". -->
  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&amp;')">
        <xsl:value-of select="substring-before($s, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($s, '&amp;')"/>
        <xsl:variable name="entity" select="substring-before($rest, ';')"/>
        <xsl:variable name="char">
          <xsl:choose>
            <xsl:when test="$entity = 'amp'">&amp;</xsl:when>
            <xsl:when test="$entity = 'lt'">&lt;</xsl:when>
            <xsl:when test="$entity = 'gt'">&gt;</xsl:when>
            <xsl:when test="$entity = 'quot'">"</xsl:when>
            <xsl:when test="$entity = '#39' or $entity = '#x27' or $entity = 'apos'">'</xsl:when>
          </xsl:choose>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="string($char) != ''">
            <xsl:value-of select="$char"/>
            <xsl:call-template name="unescape">
              <xsl:with-param name="s" select="substring-after($rest, ';')"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:text>&amp;</xsl:text>
            <xsl:call-template name="unescape"><xsl:with-param name="s" select="$rest"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    "Mon, 22 Jul 2024 00:00:00 GMT" (RSS, RFC 822) or "2024-07-22T00:00:00.000Z" (Atom, RFC 3339) as
    <time datetime="2024-07-22">July 22, 2024</time>: the calendar date in UTC, as the feed gives it.
  -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>
    <xsl:variable name="rfc822" select="substring-after($d, ', ')"/>
    <xsl:variable name="y">
      <xsl:choose>
        <xsl:when test="$rfc822"><xsl:value-of select="substring(substring-after(substring-after($rfc822, ' '), ' '), 1, 4)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="substring($d, 1, 4)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="m">
      <xsl:choose>
        <xsl:when test="$rfc822">
          <xsl:value-of select="string-length(substring-before($months, substring(substring-after($rfc822, ' '), 1, 3))) div 3 + 1"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="number(substring($d, 6, 2))"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="day">
      <xsl:choose>
        <xsl:when test="$rfc822"><xsl:value-of select="number(substring-before($rfc822, ' '))"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="number(substring($d, 9, 2))"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <time datetime="{$y}-{format-number($m, '00')}-{format-number($day, '00')}">
      <xsl:call-template name="month"><xsl:with-param name="m" select="$m"/></xsl:call-template>
      <xsl:value-of select="concat(' ', $day, ', ', $y)"/>
    </time>
  </xsl:template>

  <xsl:template name="month">
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 1">January</xsl:when>
      <xsl:when test="$m = 2">February</xsl:when>
      <xsl:when test="$m = 3">March</xsl:when>
      <xsl:when test="$m = 4">April</xsl:when>
      <xsl:when test="$m = 5">May</xsl:when>
      <xsl:when test="$m = 6">June</xsl:when>
      <xsl:when test="$m = 7">July</xsl:when>
      <xsl:when test="$m = 8">August</xsl:when>
      <xsl:when test="$m = 9">September</xsl:when>
      <xsl:when test="$m = 10">October</xsl:when>
      <xsl:when test="$m = 11">November</xsl:when>
      <xsl:when test="$m = 12">December</xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
