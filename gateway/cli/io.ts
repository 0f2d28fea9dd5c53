/** What a CLI command may touch: its arguments, output streams and environment. Only main.ts builds one. */
export interface CliIo {
  argv: string[];
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Standard input (`analyze -`, a password typed at the terminal); absent in tests that give none. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown; setEncoding(enc: BufferEncoding): unknown };
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  stopSignal: AbortSignal;
}

/** A subcommand of `homesweep`: resolves to the process exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(io: CliIo): Promise<number>;
}
