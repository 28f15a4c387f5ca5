const vietnamOffsetMs = 7 * 3_600_000;

/** `yyyyMMddHHmmss` in Vietnam time (GMT+7), as VNPAY writes vnp_CreateDate and vnp_PayDate. */
export function vnpayTime(at: Date): string {
  return new Date(at.getTime() + vietnamOffsetMs).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** The instant a `yyyyMMddHHmmss` Vietnam time names, or undefined when it names none. */
export function parseVnpayTime(text: string | undefined): Date | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - vietnamOffsetMs);
  return vnpayTime(at) === text ? at : undefined;
}
