// The same stories as a minimal Hugo site, for `npm run scale -- --builds` to time beside edgefeed's build:
// each story as Markdown (its title, date and tags in front matter, its paragraphs as they are), a home
// page and a page per tag paginated by PAGE_SIZE, a page per story, and Hugo's RSS feed for the home page
// and for each tag. Hugo (Debian's `hugo`) is run if it is installed; nothing here needs it otherwise.
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Hugo's version line, or undefined when it is not installed. */
export async function hugoVersion(): Promise<string | undefined> {
  return run("hugo", ["version"]).then(
    ({ stdout }) => stdout.trim(),
    () => undefined,
  );
}

const LAYOUTS: Record<string, string> = {
  "_default/baseof.html":
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>' +
    '{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}' +
    '</head><body>{{ block "main" . }}{{ end }}</body></html>\n',
  "_default/single.html":
    '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "January 2, 2006" }}</time>' +
    '<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>' +
    "{{ .Content }}</article>{{ end }}\n",
  "_default/list.html":
    '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}<ol>{{ range $p.Pages }}' +
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "January 2, 2006" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ol>' +
    '{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Older</a>{{ end }}{{ end }}\n',
  "index.html":
    '{{ define "main" }}{{ $p := .Paginate (where .Site.RegularPages "Type" "posts") }}<ol>{{ range $p.Pages }}' +
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>{{ end }}</ol>' +
    '{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Older</a>{{ end }}{{ end }}\n',
};

/** A wire story (src/build/parsers/wire.ts) or a Markdown article as Hugo Markdown. */
function hugoMarkdown(name: string, text: string): string {
  if (name.endsWith(".md")) return text;
  const [dateLine, keywords, , title, ...body] = text.split("\n");
  const date = new Date(`${dateLine!.slice(dateLine!.indexOf(",") + 2)} UTC`);
  const tags = keywords!.split(" ").filter((word) => !/^\d+$/.test(word));
  const paragraphs = body.filter((line) => !line.startsWith("Source link"));
  return `---\ntitle: ${JSON.stringify(title)}\ndate: ${date.toISOString()}\ntags: [${tags.join(", ")}]\n---\n${paragraphs.join("\n")}\n`;
}

/** Writes the Hugo site of the stories in `content` into `site`. */
export async function hugoSite(content: string, site: string, pageSize: number): Promise<void> {
  const posts = join(site, "content/posts");
  await mkdir(posts, { recursive: true });
  await writeFile(
    join(site, "config.toml"),
    `baseURL = "https://example.org/"\ntitle = "edgefeed scale"\npaginate = ${pageSize}\n` +
      `disableKinds = ["sitemap", "robotsTXT", "404"]\n[taxonomies]\ntag = "tags"\n` +
      '[outputs]\nhome = ["HTML", "RSS"]\nterm = ["HTML", "RSS"]\n',
  );
  for (const [path, text] of Object.entries(LAYOUTS)) {
    await mkdir(join(site, "layouts", path, ".."), { recursive: true });
    await writeFile(join(site, "layouts", path), text);
  }
  const names = (await readdir(content)).filter((n) => n.endsWith(".txt") || n.endsWith(".md"));
  for (let i = 0; i < names.length; i += 256) {
    await Promise.all(
      names.slice(i, i + 256).map(async (name) => {
        const text = await readFile(join(content, name), "utf8");
        await writeFile(join(posts, name.replace(/\.txt$/, ".md")), hugoMarkdown(name, text));
      }),
    );
  }
}

/** Builds the Hugo site in `site` from scratch; its wall time, ms, and the files it wrote. */
export async function hugoBuild(site: string): Promise<{ ms: number; files: number }> {
  const out = join(site, "public");
  const t0 = performance.now();
  await run("hugo", ["--quiet", "--source", site, "--destination", out, "--cleanDestinationDir"], {
    maxBuffer: 16 << 20,
  });
  const ms = performance.now() - t0;
  const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).length;
  return { ms, files };
}
