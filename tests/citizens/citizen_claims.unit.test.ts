import { describe, expect, it } from 'vitest';
import { DiagisError } from '../../core/errors/diagis_error';
import { identityFromClaims, lacksIdentityClaims } from '../../server/citizens/citizen_claims';

const local = { nameClaim: 'name', idNumberClaim: 'so_dinh_danh' };
const vneid = { nameClaim: 'HoVaTen', idNumberClaim: 'SoDinhDanh' };

describe('the identity in a provider’s claims', () => {
  it('reads sub, the name, the 12-digit ID number and the e-mail from the configured claims', () => {
    expect(
      identityFromClaims(
        {
          sub: 'a1',
          name: ' Trần Thị Thu Lan ',
          so_dinh_danh: '094190000002',
          email: 'lan@example.vn',
        },
        local,
      ),
    ).toEqual({
      subject: 'a1',
      name: 'Trần Thị Thu Lan',
      idNumber: '094190000002',
      email: 'lan@example.vn',
    });
    expect(
      identityFromClaims({ sub: 'b2', HoVaTen: 'Nguyen Van A', SoDinhDanh: '052088000281' }, vneid),
    ).toEqual({ subject: 'b2', name: 'Nguyen Van A', idNumber: '052088000281', email: null });
  });

  it('composes a name typed in decomposed Unicode into the precomposed form', () => {
    const decomposed = 'Le\u0302 Hoa\u0300ng Nam';
    const identity = identityFromClaims(
      { sub: 'c', name: decomposed, so_dinh_danh: '092095000003' },
      local,
    );
    expect(identity.name).toBe('Lê Hoàng Nam');
  });

  it.each([
    [{ name: 'A', so_dinh_danh: '094190000002' }, 'sub'],
    [{ sub: 'x', so_dinh_danh: '094190000002' }, 'name'],
    [{ sub: 'x', name: 'A' }, 'so_dinh_danh'],
    [{ sub: 'x', name: 'A', so_dinh_danh: '12345678' }, 'so_dinh_danh'],
    [{ sub: 'x', name: 'A', so_dinh_danh: 94190000002 }, 'so_dinh_danh'],
  ])('refuses %j naming the claim %s', (claims, field) => {
    let caught: unknown;
    try {
      identityFromClaims(claims, local);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiagisError);
    expect((caught as DiagisError).code).toBe('unprocessable');
    expect((caught as DiagisError).field).toBe(field);
    expect((caught as DiagisError).message).toMatch(new RegExp(`^${field}: `));
  });

  it('drops an e-mail that is not one', () => {
    const identity = identityFromClaims(
      { sub: 'x', name: 'A', so_dinh_danh: '094190000002', email: 'nope' },
      local,
    );
    expect(identity.email).toBeNull();
  });

  it('tells when userinfo is needed: the ID token lacks the name or the ID number', () => {
    expect(lacksIdentityClaims({ sub: 'x', name: 'A', so_dinh_danh: '1' }, local)).toBe(false);
    expect(lacksIdentityClaims({ sub: 'x', name: 'A' }, local)).toBe(true);
    expect(lacksIdentityClaims({ sub: 'x' }, vneid)).toBe(true);
  });
});
