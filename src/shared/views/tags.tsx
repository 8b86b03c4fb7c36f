// A list of tag links.
import { paths } from "../addresses";

export function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li>
          <a href={paths.tag(tag)} rel="tag">
            {tag}
          </a>
        </li>
      ))}
    </ul>
  );
}
