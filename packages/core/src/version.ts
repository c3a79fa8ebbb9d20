/** The tool's version (printed by --version, recorded in every run's config.json). */
export const TOOL_VERSION = '0.2.0';
