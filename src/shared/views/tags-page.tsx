// All tags with their article counts.
import { paths } from "../addresses";
import type { TagCount } from "../catalog";
import type { Site } from "../site";
import { Layout } from "./layout";

export function TagsPage({ site, tags }: { site: Site; tags: readonly TagCount[] }) {
  return (
    <Layout
      site={site}
      title={`Tags · ${site.title}`}
      description={`Every topic ${site.title} covers.`}
      path={paths.tags}
    >
      <h1>Tags</h1>
      <ul class="tag-index">
        {tags.map(({ tag, count }) => (
          <li>
            <a href={paths.tag(tag)} rel="tag">
              {tag}
            </a>{" "}
            <span class="count">
              {count} {count === 1 ? "article" : "articles"}
            </span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
