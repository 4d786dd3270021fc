import type { OptionSpec } from "../../fs/options.js";

/** The alias backend's one option. */
export const ALIAS_OPTIONS: OptionSpec[] = [
  {
    name: "remote",
    help: 'Remote or path to alias.\n\nCan be "myremote:path/to/dir", "myremote:bucket", "myremote:" or "/local/path".',
    type: "string",
    default: "",
    required: true,
  },
];
