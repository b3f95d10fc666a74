// What the shipped command line knows about the product, fixed when it is built: the extension
// manifest and the managed-settings schema are imported as data, so the bundler inlines them
// (dist/cli, the host executable) and nothing reads the repository's files at run time.
import manifest from '../manifest.json' with { type: 'json' };
import managedSchema from '../extension/managed-schema.json' with { type: 'json' };

export const BUILD_MANIFEST: Readonly<{
  version: string;
  key: string;
  browser_specific_settings: { gecko: { id: string } };
}> = manifest;

/** The Chrome managed-storage schema, as shipped in the extension. */
export const BUILD_MANAGED_SCHEMA: unknown = managedSchema;
