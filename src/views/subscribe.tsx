// The subscribe box: the three feeds, and what to do with them.
import type { Site } from "../site";

export function Subscribe({ site, prefix = "", label = site.title }: { site: Site; prefix?: string; label?: string }) {
  return (
    <aside class="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Follow {label}</h2>
      <p>Paste one of these addresses into your feed reader (NetNewsWire, Feedly, Miniflux…):</p>
      <ul>
        <li>
          <a href={`${prefix}/rss.xml`}>RSS</a> <code>{`${site.baseUrl}${prefix}/rss.xml`}</code>
        </li>
        <li>
          <a href={`${prefix}/atom.xml`}>Atom</a> <code>{`${site.baseUrl}${prefix}/atom.xml`}</code>
        </li>
        <li>
          <a href={`${prefix}/feed.json`}>JSON Feed</a> <code>{`${site.baseUrl}${prefix}/feed.json`}</code>
        </li>
      </ul>
    </aside>
  );
}
