// settings.json in the default mount: a JSON file that accepts only valid settings.
//   cat /magic/settings.json
//   echo '{"volume": 7}' > /magic/settings.json           accepted
//   /bin/echo '{"volume": 99}' > /magic/settings.json     refused: "write error: Invalid argument"
// The reason for a refusal is in the mount's log. (bash's builtin echo ignores errors from close(2), so use
// /bin/echo, tee or cp to see them in the terminal.)
const defaults = { volume: 5, theme: 'dark' };

function read(ctx) {
  return JSON.stringify(ctx.store.get('settings') ?? defaults, null, 2) + '\n';
}

function write(ctx, data) {
  let settings;
  try {
    settings = JSON.parse(new TextDecoder().decode(data));
  } catch (e) {
    throw invalid(`not JSON: ${e.message}`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw invalid('expected a JSON object such as {"volume": 7}');
  }
  const merged = { ...defaults, ...settings };
  if (!Number.isInteger(merged.volume) || merged.volume < 0 || merged.volume > ctx.params.max_volume) {
    throw invalid(`volume must be a whole number from 0 to ${ctx.params.max_volume}`);
  }
  ctx.store.set('settings', merged);
}

function invalid(message) {
  const error = new Error(message);
  error.errno = 'EINVAL';
  return error;
}
