/**
 * Differences from rclone that these tests found whose fix lies outside the
 * files the test authors could change at the time. A test that a listed bug
 * still breaks runs as "expected to fail" (vitest's `fails`), so the suite
 * stays green while the bug is open and turns red the moment it is fixed:
 * then delete the entry here and the test becomes an ordinary one.
 */
import type { TestOptions } from "vitest";

export const KNOWN_BUGS = {
} as const;

export type KnownBug = keyof typeof KNOWN_BUGS;

/** Test options for a test that `bug` (if still listed) breaks. */
export function expectingBug(bug: KnownBug | undefined): TestOptions {
  return bug !== undefined && bug in KNOWN_BUGS ? { fails: true } : {};
}

/** The test name, marked with the bug it is expected to hit. */
export function bugName(name: string, bug: KnownBug | undefined): string {
  return bug !== undefined && bug in KNOWN_BUGS ? `${name} [KNOWN BUG ${bug}: expected to fail until fixed]` : name;
}
