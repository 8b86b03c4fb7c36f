// The subscribe box: the three feeds, and what to do with them.
import { FEED_FORMATS, FORMATS, paths } from "../addresses";
import type { Site } from "../site";

export function Subscribe({ site, prefix = "", label = site.title }: { site: Site; prefix?: string; label?: string }) {
  return (
    <aside class="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Follow {label}</h2>
      <p>Paste one of these addresses into your feed reader (NetNewsWire, Feedly, Miniflux…):</p>
      <ul>
        {FEED_FORMATS.map((format) => (
          <li>
            <a href={paths.feed(prefix, format)}>{FORMATS[format].label}</a>{" "}
            <code>{site.baseUrl + paths.feed(prefix, format)}</code>
          </li>
        ))}
      </ul>
    </aside>
  );
}
