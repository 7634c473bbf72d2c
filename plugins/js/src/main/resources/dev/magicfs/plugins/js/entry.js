// Evaluated in each context after the file's own script. It binds the script's read, write and list hooks,
// builds the ctx object of each call, and wraps the host's store so scripts see plain JSON-like values.
(function (store, paramsJson, path) {
  'use strict';
  const hooks = {
    read: typeof read === 'function' ? read : undefined,
    write: typeof write === 'function' ? write : undefined,
    list: typeof list === 'function' ? list : undefined,
  };
  const deepFreeze = (value) => {
    if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  };
  const params = deepFreeze(JSON.parse(paramsJson));
  const kv = Object.freeze({
    get(key) {
      const json = store.get(String(key));
      return json === null || json === undefined ? undefined : JSON.parse(json);
    },
    set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) {
        throw new TypeError('store.set(' + JSON.stringify(String(key)) + '): a ' + typeof value
            + ' cannot be stored; values are JSON-like (string, number, boolean, array, object, null)');
      }
      if (!store.set(String(key), json)) {
        throw new RangeError('store.set(' + JSON.stringify(String(key)) + '): the store is full');
      }
    },
    delete(key) {
      return store.delete(String(key));
    },
    keys() {
      return JSON.parse(store.keys());
    },
  });
  const ctx = (uid, gid, pid, extra) => ({ path, uid, gid, pid, params, store: kv, ...extra });
  // A js-dir's list(ctx, dir) may give names, or objects { name, dir: true } for subdirectories.
  const entries = (result) => {
    if (!Array.isArray(result)) {
      throw new TypeError('list() returned ' + String(result) + '; expected an array of names or { name, dir } objects');
    }
    return result.map((e) => (typeof e === 'string' ? { name: e, dir: false } : { name: String(e && e.name), dir: !!(e && e.dir) }));
  };
  // Typed arrays and DataViews give their own bytes, as an ArrayBuffer the host copies at once.
  const bytes = (result) => {
    if (!ArrayBuffer.isView(result)) {
      return result;
    }
    const whole = result.byteOffset === 0 && result.byteLength === result.buffer.byteLength;
    return whole ? result.buffer : result.buffer.slice(result.byteOffset, result.byteOffset + result.byteLength);
  };
  return {
    hasRead: hooks.read !== undefined,
    hasWrite: hooks.write !== undefined,
    hasList: hooks.list !== undefined,
    read: (uid, gid, pid, name) => bytes(name === undefined ? hooks.read(ctx(uid, gid, pid))
        : hooks.read(ctx(uid, gid, pid, { name }), name)),
    list: (uid, gid, pid, dir) => entries(hooks.list(ctx(uid, gid, pid, { dir }), dir)),
    write: (uid, gid, pid, data) => {
      hooks.write(ctx(uid, gid, pid), new Uint8Array(data));
    },
  };
})
