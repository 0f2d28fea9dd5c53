// SSH_ASKPASS helper for the SSH capture source: prints the password that the HomeSweep process hands over its
// private socket (a 0700 folder of its own). The socket answers once, so ssh can never try a second time.
import { connect } from 'node:net';

const socket = connect(process.env.HOMESWEEP_ASKPASS_SOCKET ?? '');
let answer = '';
socket.setEncoding('utf8');
socket.on('data', (d) => (answer += d));
socket.on('end', () => process.stdout.write(`${answer}\n`));
socket.on('error', () => process.exit(1));
