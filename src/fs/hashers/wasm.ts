/**
 * Hashers backed by hash-wasm (whirlpool, BLAKE3, XXH3-64, XXH3-128).
 *
 * hash-wasm can only make a WebAssembly instance asynchronously, but a
 * HasherFactory must be synchronous. So each algorithm gets one instance,
 * made at load time, shared by all hashers of that type: the hasher that
 * last used it owns its state, and another hasher wanting it first parks
 * the owner's state with save() and then restores its own with load(). A
 * single hasher at a time, the usual case, never pays for a switch.
 */
import type { IHasher } from "hash-wasm";
import { FsError } from "../errors.js";
import type { Hasher, HasherFactory } from "../hash.js";

class Engine {
  owner: WasmHasher | undefined;
  constructor(readonly wasm: IHasher) {}
}

class WasmHasher implements Hasher {
  /** This hasher's state while another one holds the engine. */
  private parked: Uint8Array | undefined;
  private done = false;

  constructor(private readonly engine: Engine) {}

  private claim(): IHasher {
    if (this.done) throw new FsError("other", "hasher used after digest()");
    const e = this.engine;
    if (e.owner !== this) {
      e.owner?.park();
      if (this.parked) e.wasm.load(this.parked);
      else e.wasm.init();
      this.parked = undefined;
      e.owner = this;
    }
    return e.wasm;
  }

  private park(): void {
    this.parked = this.engine.wasm.save();
  }

  update(data: Uint8Array): void {
    this.claim().update(data);
  }

  digest(): string {
    const wasm = this.claim();
    this.done = true;
    this.engine.owner = undefined;
    // hash-wasm prints XXH3/XXH128 in canonical (big-endian) order, which is
    // also how rclone prints them.
    return wasm.digest("hex");
  }
}

/** Makes a factory of hashers sharing one already created hash-wasm instance. */
export function wasmFactory(wasm: IHasher): HasherFactory {
  const engine = new Engine(wasm);
  return () => new WasmHasher(engine);
}
