// An episode's duration for <itunes:duration>, read from the audio itself (music-metadata), never from what
// a content file says about it: the two could disagree, and the bytes are what a listener gets.
// music-metadata is loaded on the first audio file: every build of a site without any does not pay the
// ~80 ms its import takes.

/** What is wrong with an episode's audio ("expected …, found …", and a hint), for the caller to place. */
export class AudioProblem extends Error {
  constructor(
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(problem);
    this.name = "AudioProblem";
  }
}

/** What a feed states about an episode's audio. */
export interface AudioFacts {
  /** Whole seconds, rounded: Apple's podcast RSS guide states <itunes:duration> in seconds. */
  duration: number;
}

/**
 * The facts of audio (or video) bytes of media type `type`, the type read from the bytes (src/build/media.ts):
 * music-metadata picks its parser by that type. An AudioProblem when no duration can be read from them.
 */
export async function audioFacts(bytes: Uint8Array, type: string): Promise<AudioFacts> {
  const none = () =>
    new AudioProblem(
      "expected audio whose duration can be read, found none",
      `the file may be damaged, or not ${type}: export it again`,
    );
  // `duration: true` lets music-metadata read a whole MP3 when no header states its length (VBR without a
  // Xing or VBRI header, CBR without LAME's Info tag): without it such a file has no duration at all.
  const {
    CouldNotDetermineFileTypeError,
    FieldDecodingError,
    parseBuffer,
    UnexpectedFileContentError,
    UnsupportedFileTypeError,
  } = await import("music-metadata");
  const { format } = await parseBuffer(bytes, { mimeType: type, size: bytes.byteLength }, { duration: true }).catch(
    (error: unknown) => {
      // Bytes that are not the format their type says, or are cut short, are the same finding; anything
      // else (music-metadata's InternalParserError, a bug) is not about the file.
      if (
        error instanceof CouldNotDetermineFileTypeError ||
        error instanceof UnsupportedFileTypeError ||
        error instanceof UnexpectedFileContentError ||
        error instanceof FieldDecodingError ||
        (error instanceof Error && error.name === "EndOfStreamError")
      ) {
        throw none();
      }
      throw error;
    },
  );
  // In an MP4, music-metadata states the duration of the first sound track only; a video with no sound
  // track still lasts as long as its longest track (each track's mdhd, ISO/IEC 14496-12 §8.4.2).
  const seconds = format.duration ?? Math.max(0, ...format.trackInfo.map((track) => track.duration ?? 0));
  if (!Number.isFinite(seconds) || seconds <= 0) throw none();
  // A clip shorter than half a second still lasts: 0 would read as "unknown".
  return { duration: Math.max(1, Math.round(seconds)) };
}
