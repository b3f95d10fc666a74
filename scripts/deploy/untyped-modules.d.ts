// The two build tools without type declarations: only what we call.
declare module 'postject' {
  export function inject(
    file: string,
    name: string,
    data: Buffer,
    options: { sentinelFuse: string; machoSegmentName?: string; overwrite?: boolean },
  ): Promise<void>;
}

declare module 'crx3' {
  export default function crx3(
    input: NodeJS.ReadableStream,
    options: { keyPath: string; crxPath: string },
  ): Promise<{ appId: string }>;
}
