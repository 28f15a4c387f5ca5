export type Language = 'vi' | 'en';

const messages = {
  vi: {
    title: 'diagis — Hệ thống thông tin đất đai',
    status: 'Trạng thái hệ thống',
    server: 'Máy chủ',
    database: 'Cơ sở dữ liệu',
    signin: 'Đăng nhập',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    signinButton: 'Đăng nhập',
    account: 'Tài khoản',
    signout: 'Đăng xuất',
    up: 'hoạt động',
    down: 'không kết nối được',
    wrongPassword: 'Sai tên đăng nhập hoặc mật khẩu.',
    throttled: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau.',
    failed: 'Không đăng nhập được',
    signedInAs: 'Đang đăng nhập',
    role: 'vai trò',
    office: 'đơn vị',
  },
  en: {
    title: 'diagis — Land information system',
    status: 'System status',
    server: 'Server',
    database: 'Database',
    signin: 'Sign in',
    username: 'Username',
    password: 'Password',
    signinButton: 'Sign in',
    account: 'Account',
    signout: 'Sign out',
    up: 'up',
    down: 'unreachable',
    wrongPassword: 'Wrong username or password.',
    throttled: 'Too many failed attempts. Please try again later.',
    failed: 'Sign-in failed',
    signedInAs: 'Signed in as',
    role: 'role',
    office: 'office',
  },
} as const;

export type MessageKey = keyof (typeof messages)['vi'];

/** The message for `key` in `language`; Vietnamese is the default language. */
export const translate = (language: Language, key: MessageKey): string => messages[language][key];

export const isMessageKey = (key: string): key is MessageKey => key in messages.vi;
