// A list of tag links.
export function Tags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li>
          <a href={`/tags/${tag}`} rel="tag">
            {tag}
          </a>
        </li>
      ))}
    </ul>
  );
}
