// An error page for people: what happened and where to go next.
import { paths } from "../addresses";
import type { Site } from "../site";
import { Layout } from "./layout";

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
