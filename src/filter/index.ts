/**
 * Filtering: which files and directories a command works on (rclone's
 * fs/filter). See filter.ts for the Filter itself.
 */
export { Filter, type FilterOptions, type MarkerLookup, type MetadataFilterOptions } from "./filter.js";
export { globPathToRegexp, globStringToRegexp, globToDirGlobs, globToRegexpSource, isDirGlobTooHard, GoRegexp } from "./glob.js";
export { RuleList, ruleString, applyFilterRule, buildRules, INCLUDE_EXCLUDE_WARNING, type Rule, type RuleFlags, type FilterWarning } from "./rules.js";
export { parseHashFilter, hashPartition, type HashFilter } from "./hashfilter.js";
export { readEntries, splitEntries, trimSpace, type FilterIO } from "./lines.js";
export { Re2SyntaxError, Re2TranslateError, re2ToJsSource } from "./re2/tojs.js";
export { goQuote } from "../lib/goquote.js";
export { formatGoTime } from "./gotime.js";
