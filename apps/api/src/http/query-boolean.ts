/** "true"/"false" in a query string; anything else stays as it is and fails @IsBoolean. */
export function queryBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
