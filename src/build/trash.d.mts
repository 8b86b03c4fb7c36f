// Types of ./trash.mjs.

export const BUILDS: string;
export const TRASH: string;
export const PUBLISHED: string;
export const SPARE: string;

/** Whether process `pid` runs (as this user or another). */
export function running(pid: number): boolean;

/** Whether a build is being written in the output folder `out`. */
export function underWay(out: string): boolean;

/** Removes everything in `out`'s trash, none of it while a build is under way. */
export function emptyTrash(out: string): Promise<void>;
