/** What the reload loop and its type-check worker say to each other. */

export interface TypeCheckSetup {
  readonly projectDir: string;
  /** Top-level folders that are not the program. */
  readonly exclude: readonly string[];
  /** The path of the TypeScript module to check with. */
  readonly typescript: string;
}

export interface TypeCheckRequest {
  readonly id: number;
}

export type TypeCheckAnswer = { readonly id: number; readonly problems: readonly TypeProblem[] } | { readonly id: number; readonly error: string };

/** One type error, as `tsc` reports it. */
export interface TypeProblem {
  /** `file:line:column`, the file relative to the project; `tsconfig.json` for an error of the project's settings. */
  readonly where: string;
  readonly file?: string;
  readonly code: number;
  readonly message: string;
}
