#!/usr/bin/env node
// The embedded SMTP server of the dev and test setup (nodemailer's smtp-server): it accepts every message on
// loopback and keeps it under <dir> as <n>.eml plus one JSON line in <dir>/index.jsonl, so the send_email
// action delivers real mail that a person or a test can read back. Not for production: use a real relay.
// Usage: node scripts/smtp-sink.mjs --port 2525 --dir .data/mail
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';

const { values } = parseArgs({ options: { port: { type: 'string' }, dir: { type: 'string' } } });
const port = Number(values.port);
const dir = values.dir;
if (!Number.isInteger(port) || !dir) {
  console.error('usage: smtp-sink.mjs --port N --dir DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
let count = readdirSync(dir).filter((name) => name.endsWith('.eml')).length;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      count += 1;
      const file = `${String(count).padStart(6, '0')}.eml`;
      const raw = Buffer.concat(chunks);
      writeFileSync(join(dir, file), raw);
      const subject = /^Subject: (.*)$/im.exec(raw.toString('utf8'))?.[1] ?? '';
      const entry = {
        file,
        received_at: new Date().toISOString(),
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        subject,
      };
      appendFileSync(join(dir, 'index.jsonl'), `${JSON.stringify(entry)}\n`);
      callback();
    });
  },
});
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
