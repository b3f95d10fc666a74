// @peculiar/x509 depends on tsyringe, which refuses to load without a Reflect metadata polyfill,
// and neither reflect-metadata nor @abraham/reflection is installed. This is the small subset
// tsyringe calls (getMetadata, getOwnMetadata, defineMetadata). Import it before @peculiar/x509.

type MetadataKey = unknown;
type PropertyKeyOrUndefined = string | symbol | undefined;

const store = new WeakMap<object, Map<PropertyKeyOrUndefined, Map<MetadataKey, unknown>>>();

function ownMap(
  target: object,
  property: PropertyKeyOrUndefined,
  create: boolean,
): Map<MetadataKey, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let map = byProperty.get(property);
  if (!map && create) {
    map = new Map();
    byProperty.set(property, map);
  }
  return map;
}

const polyfill = {
  defineMetadata(key: MetadataKey, value: unknown, target: object, property?: string | symbol): void {
    ownMap(target, property, true)?.set(key, value);
  },
  getOwnMetadata(key: MetadataKey, target: object, property?: string | symbol): unknown {
    return ownMap(target, property, false)?.get(key);
  },
  hasOwnMetadata(key: MetadataKey, target: object, property?: string | symbol): boolean {
    return ownMap(target, property, false)?.has(key) ?? false;
  },
  getMetadata(key: MetadataKey, target: object, property?: string | symbol): unknown {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const map = ownMap(t, property, false);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  },
  hasMetadata(key: MetadataKey, target: object, property?: string | symbol): boolean {
    return polyfill.getMetadata(key, target, property) !== undefined;
  },
  metadata(key: MetadataKey, value: unknown) {
    return (target: object, property?: string | symbol): void =>
      polyfill.defineMetadata(key, value, target, property);
  },
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') Object.assign(reflect, polyfill);
