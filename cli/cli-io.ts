// What the deploy commands need from the CLI: two writers, like scripts/cli/main.ts passes.
export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/** `--name value` / `--name=value` / `--flag`; flags listed in `booleans` never take a value. */
export function parseArgs(args: readonly string[], booleans: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const name = arg.slice(2);
    const next = args[i + 1];
    if (booleans.includes(name) || next === undefined || next.startsWith('--')) options.set(name, true);
    else {
      options.set(name, next);
      i++;
    }
  }
  return { positional, options };
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
