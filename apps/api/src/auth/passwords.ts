import bcrypt from 'bcryptjs';

// bcryptjs is pure JS (no native build on any machine); cost 10 is about 60 ms here, OWASP's floor for bcrypt.
const BCRYPT_COST = 10;
// Compared against when the user does not exist, so a wrong username takes as long as a wrong password.
const ABSENT_USER_HASH = bcrypt.hashSync('leadflow-no-such-user', BCRYPT_COST);

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? ABSENT_USER_HASH);
  return hash !== undefined && matches;
}
