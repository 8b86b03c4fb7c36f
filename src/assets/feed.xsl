<?xml version="1.0" encoding="utf-8"?>
<!-- Renders an RSS 2.0 or Atom 1.0 feed as a readable page when someone opens it in a browser. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="/assets/style.css"/>
      </head>
      <body>
        <main id="main">
          <aside class="subscribe" aria-labelledby="how">
            <h2 id="how">This is a web feed</h2>
            <p>Copy this page's address into your feed reader (NetNewsWire, Feedly, Miniflux…) to follow
              <xsl:value-of select="$title"/>:</p>
            <p><code><xsl:value-of select="$self"/></code></p>
          </aside>
          <h1><xsl:value-of select="$title"/></h1>
          <ol class="articles">
            <xsl:for-each select="/rss/channel/item | /atom:feed/atom:entry">
              <li>
                <article>
                  <h2><a href="{link | atom:link[@rel='alternate']/@href}"><xsl:value-of select="title | atom:title"/></a></h2>
                  <p class="meta"><xsl:value-of select="pubDate | atom:published"/></p>
                </article>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
