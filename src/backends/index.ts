/**
 * Registers every backend (their options and descriptions only: each
 * backend's implementation loads when an Fs of its type is made).
 */
import "./alias/index.js";
import "./local/index.js";
