/** The judgement engine: colour, category, confidence and explanation of one report's text. */
export { createJudge, type Judge, type JudgeEngine } from './judge.js';
export { loadBundledModel, parseModel, BUNDLED_MODEL, type ModelFile } from './model-file.js';
export { RULES, type Rule } from './rules.js';
