// Prints the status of one GET through the registry client's transport (run in a child process, so
// NODE_EXTRA_CA_CERTS given to it applies).
import { sendRaw } from '../../src/registry/http.js';

const res = await sendRaw('GET', new URL(process.argv[2]), {});
res.stream.resume();
console.log(res.status);
process.exit(0);
