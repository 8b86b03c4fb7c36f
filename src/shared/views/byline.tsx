// Who wrote an article, as the feeds name them (dc:creator, Atom and JSON Feed author): its own author,
// or the site's.

export function Byline({ name }: { name: string }) {
  return <span class="byline">By {name}</span>;
}
