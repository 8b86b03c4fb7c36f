// The subscribe box: the three feeds, and what to do with them.
import type { Site } from "../site";

const FEEDS = [
  ["RSS", "rss.xml"],
  ["Atom", "atom.xml"],
  ["JSON Feed", "feed.json"],
] as const;

export function Subscribe({ site, prefix = "", label = site.title }: { site: Site; prefix?: string; label?: string }) {
  return (
    <aside class="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Follow {label}</h2>
      <p>Paste one of these addresses into your feed reader (NetNewsWire, Feedly, Miniflux…):</p>
      <ul>
        {FEEDS.map(([name, file]) => (
          <li>
            <a href={`${prefix}/${file}`}>{name}</a> <code>{`${site.baseUrl}${prefix}/${file}`}</code>
          </li>
        ))}
      </ul>
    </aside>
  );
}
