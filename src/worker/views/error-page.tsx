// An error page for people: what happened and where to go next.
import { paths } from "../../shared/addresses";
import type { Site } from "../../shared/site";
import { Layout } from "../../shared/views/layout";

export function ErrorPage({ site, title, message }: { site: Site; title: string; message: string }) {
  return (
    <Layout site={site} title={`${title} · ${site.title}`} description={message}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={paths.home}>Go to the latest articles</a>
      </p>
    </Layout>
  );
}
