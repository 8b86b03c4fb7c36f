// While `npm start` serves the last good build of content that has errors in it now: a banner on every
// page saying what is wrong, where the author looks (src/worker/middleware/problems.ts).

export function ProblemsBanner({ problems }: { problems: readonly string[] }) {
  return (
    <section class="problems" role="alert" aria-labelledby="problems">
      <h2 id="problems">
        {problems.length === 1 ? "A problem" : `${problems.length} problems`} in content/: this is the last good build
      </h2>
      <ul>
        {problems.map((problem) => (
          <li>
            <pre>{problem}</pre>
          </li>
        ))}
      </ul>
      <p>Fix the file and save it: the page shows the new build on its next load.</p>
    </section>
  );
}
