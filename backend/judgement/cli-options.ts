/** Command-line options shared by npm run judgement:train and judgement:eval. */
import { DEFAULT_TRAINING, type TrainOptions } from './train.js';

export interface ParsedArgs {
  /** Arguments that are not options: files. */
  files: string[];
  flags: Set<string>;
  /** `--set key=value` training options, checked against TrainOptions. */
  options: Partial<TrainOptions>;
  /** `--model path`. */
  model: string | undefined;
  /** `--without rule-id,rule-id`: rules left out (to measure what each is worth). */
  without: string[];
  /**
   * `--always prefix,prefix`: training files whose names start so are always trained on and never
   * held out in cross-validation (to measure what new rows add on the rows written before them).
   */
  always: string[];
}

export function parseOptions(args: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = {
    files: [],
    flags: new Set(),
    options: {},
    model: undefined,
    without: [],
    always: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--set' || arg === '--model' || arg === '--without' || arg === '--always') {
      const value = args[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--model') parsed.model = value;
      else if (arg === '--without') parsed.without.push(...value.split(','));
      else if (arg === '--always') parsed.always.push(...value.split(','));
      else setOption(parsed.options, value);
    } else if (arg.startsWith('--')) parsed.flags.add(arg.slice(2));
    else parsed.files.push(arg);
  }
  return parsed;
}

function setOption(options: Partial<TrainOptions>, pair: string): void {
  const [key, raw] = pair.split('=');
  if (!key || raw === undefined || !(key in DEFAULT_TRAINING))
    throw new Error(`--set ${pair}: one of ${Object.keys(DEFAULT_TRAINING).join(', ')}=number`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--set ${pair}: not a number`);
  options[key as keyof TrainOptions] = value;
}
