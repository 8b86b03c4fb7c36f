// src/build/trash.mjs: builds past keeping are removed out of any build's time. A removal waits while a
// build is under way (its folder neither published nor a spare, its process running), and goes on after.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { emptyTrash, underWay } from "../../src/build/trash.mjs";

const run = promisify(execFile);

/** An output folder with `files` documents of a replaced build in its trash. */
async function output(files: number) {
  const out = await mkdtemp(join(tmpdir(), "edgefeed-trash-"));
  const store = join(out, "trash", "1-old-0", "store", "_store");
  await mkdir(store, { recursive: true });
  for (let i = 0; i < files; i++) await writeFile(join(store, `!doc!${i}`), "old");
  await mkdir(join(out, "builds"));
  return out;
}

describe("the trash", () => {
  it("knows a build under way from one published, a spare, and one whose process is gone", async () => {
    const out = await output(0);
    const gone = Number((await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])).stdout);
    await mkdir(join(out, "builds", `${gone}-killed-0`));
    await mkdir(join(out, "builds", `${process.pid}-live-0`));
    await writeFile(join(out, "builds", `${process.pid}-live-0`, ".published"), "");
    await mkdir(join(out, "builds", `${process.pid}-spare-0`));
    await writeFile(join(out, "builds", `${process.pid}-spare-0`, ".spare"), "");
    expect(underWay(out)).toBe(false);
    await mkdir(join(out, "builds", `${process.pid}-building-0`));
    expect(underWay(out)).toBe(true);
  });

  it("waits while a build is under way, and removes everything once it is not", async () => {
    const out = await output(5000);
    const building = join(out, "builds", `${process.pid}-building-0`);
    await mkdir(building);
    let done = false;
    const removal = emptyTrash(out).then(() => {
      done = true;
    });
    // Several of its looks at the build (every 250 ms): not a file has gone.
    await sleep(1000);
    expect(done).toBe(false);
    expect(await readdir(join(out, "trash", "1-old-0", "store", "_store"))).toHaveLength(5000);
    await writeFile(join(building, ".published"), "");
    await removal;
    expect(await readdir(join(out, "trash"))).toEqual([]);
  });

  it("removes what builds moved into the trash while it waited", async () => {
    const out = await output(10);
    const building = join(out, "builds", `${process.pid}-building-0`);
    await mkdir(building);
    const removal = emptyTrash(out);
    await sleep(300);
    const later = join(out, "trash", "2-later-0", "store", "_store");
    await mkdir(later, { recursive: true });
    for (let i = 0; i < 10; i++) await writeFile(join(later, `!doc!${i}`), "old");
    await writeFile(join(building, ".published"), "");
    await removal;
    expect(await readdir(join(out, "trash"))).toEqual([]);
  });
});
