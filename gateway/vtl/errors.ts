/**
 * Errors raised while compiling or rendering an API Gateway mapping template.
 *
 * Every error the VTL layer throws on purpose is a {@link VtlError}; the gateway answers all of them
 * the way API Gateway answers a broken template: 500 `{"message":"Internal server error"}`.
 */
export class VtlError extends Error {
  /** Stable code, e.g. `VTL_PARSE_ERROR`, for the gateway's error catalogue and logs. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where a problem sits in the template source; both numbers count from 1. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** The template text is not valid VTL (velocityjs's parser rejected it). */
export class VtlParseError extends VtlError {
  /** Position of the offending token, when the parser reported one. */
  readonly location: SourceLocation | undefined;

  constructor(detail: string, location: SourceLocation | undefined) {
    const where = location ? ` at line ${location.line}, column ${location.column}` : "";
    super("VTL_PARSE_ERROR", `mapping template parse error${where}: ${detail}`);
    this.location = location;
  }
}

/**
 * A documented API Gateway mapping-template limit was exceeded.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export class VtlLimitError extends VtlError {
  constructor(message: string) {
    super("VTL_LIMIT_EXCEEDED", message);
  }
}

/** Rendering failed: a method threw (Java semantics), an override was set twice, macros recursed too deep. */
export class VtlRenderError extends VtlError {
  constructor(message: string) {
    super("VTL_RENDER_ERROR", message);
  }
}

/**
 * A Java exception raised by a method a template called, e.g. `substring` out of range.
 * The compiler turns it into a {@link VtlRenderError} that names the reference and its position.
 */
export class JavaException extends Error {
  /** Java class name, e.g. `StringIndexOutOfBoundsException`. */
  readonly javaClass: string;

  constructor(javaClass: string, message: string) {
    super(`${javaClass}: ${message}`);
    this.name = "JavaException";
    this.javaClass = javaClass;
  }
}
