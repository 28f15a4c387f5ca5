// Vietnamese names for the demo: people, hamlets, streets, and the ASCII forms used for
// English names. Hamlet and street names are common in Sóc Trăng; which hamlet belongs to
// which commune is made up.
import type { Faker } from '@faker-js/faker';
import type { Rng } from './random';

const hamletNames = [
  'Hòa Mỹ',
  'Hòa Nhờ A',
  'Hòa Nhờ B',
  'Phú Hòa',
  'Tân Thắng',
  'Phước Hòa',
  'Phước Bình',
  'Bưng Cốc',
  'Đại Nghĩa Thắng',
  'Sóc Xoài',
  'Nước Mặn',
  'Trà Canh A',
  'Prey Chóp',
  'Phụng Sơn',
  'Thạnh Hòa',
  'Kinh Giữa',
  'Xóm Tro',
  'Tắc Gồng',
  'Chợ Cũ',
  'Bố Liêu',
  'Khánh Hưng',
  'Sô La',
  'Đay Tà Ni',
  'Hòa Thượng',
] as const;

const streetNames = [
  'Trần Hưng Đạo',
  'Lê Hồng Phong',
  'Hùng Vương',
  'Phú Lợi',
  'Nguyễn Văn Linh',
  'Lê Duẩn',
  'Mạc Đĩnh Chi',
  'Tôn Đức Thắng',
  'Phạm Hùng',
  'Trương Công Định',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
] as const;

/** Removes Vietnamese diacritics ("Đại Tâm" -> "Dai Tam"). */
export function toAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D');
}

/** "Xã Đại Tâm" -> "xã Đại Tâm", as inside an address. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `count` hamlets ("Ấp ...") for one commune. */
export function hamletsFor(rng: Rng, count: number): string[] {
  return rng.sample(hamletNames.length, count).map((i) => `Ấp ${hamletNames[i] ?? hamletNames[0]}`);
}

/** A street name of Sóc Trăng city. */
export function streetName(rng: Rng): string {
  return rng.pick(streetNames);
}

export interface PersonName {
  fullName: string;
  female: boolean | undefined;
}

/**
 * A Vietnamese full name, family name first ("Nguyễn Thị Lan"). `gendered` forces a
 * middle name that shows the gender (Văn, Thị), e.g. for "Hộ ông" / "Hộ bà".
 */
export function personName(faker: Faker, rng: Rng, gendered = false): PersonName {
  const family = faker.person.lastName();
  const given = faker.person.firstName();
  if (gendered || rng.chance(0.4)) {
    const female = rng.chance(0.5);
    const lastSyllable = given.split(' ').pop() ?? given;
    return { fullName: `${family} ${female ? 'Thị' : 'Văn'} ${lastSyllable}`, female };
  }
  return { fullName: `${family} ${given}`, female: undefined };
}
