// @peculiar/x509 (used here only to mint test certificates) needs the reflect-metadata API that
// tsyringe checks for at load time; the package is not installed, so this is the minimal subset.
type MetadataMap = Map<unknown, unknown>;
const store = new WeakMap<object, MetadataMap>();

function own(target: object, create: boolean): MetadataMap | undefined {
  let map = store.get(target);
  if (!map && create) {
    map = new Map();
    store.set(target, map);
  }
  return map;
}

const api = {
  defineMetadata(key: unknown, value: unknown, target: object): void {
    own(target, true)!.set(key, value);
  },
  getOwnMetadata(key: unknown, target: object): unknown {
    return own(target, false)?.get(key);
  },
  getMetadata(key: unknown, target: object): unknown {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const map = own(t, false);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  },
  hasMetadata(key: unknown, target: object): boolean {
    return api.getMetadata(key, target) !== undefined;
  },
  metadata(key: unknown, value: unknown) {
    return (target: object) => api.defineMetadata(key, value, target);
  },
};

const reflect = Reflect as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(api)) {
  if (typeof reflect[name] !== 'function') reflect[name] = fn;
}
