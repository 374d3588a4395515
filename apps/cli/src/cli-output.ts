/** Where the CLI writes: results on stdout, progress and problems on stderr. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}
