/**
 * Hashers that Node's crypto does not have. STUB: being written.
 */
import type { HasherFactory, HashType } from "../hash.js";

/** Initialises the implementations and returns their factories. */
export async function loadHashers(): Promise<Map<HashType, HasherFactory>> {
  return new Map();
}
