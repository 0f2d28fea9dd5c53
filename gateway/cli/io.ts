/** What a CLI command may touch: its arguments, output streams and environment. Only main.ts builds one. */
export interface CliIo {
  argv: string[];
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  stopSignal: AbortSignal;
}

/** A subcommand of `homesweep`: resolves to the process exit code. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(io: CliIo): Promise<number>;
}
