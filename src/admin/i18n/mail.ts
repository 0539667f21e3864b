import { adminMessages } from './define';

/** The admin's texts: mail the admin sends to people who work on the site, in each recipient's language. */
export const mailMessages = adminMessages(
  {
    'mail.welcome.subject': 'Your account in the {site} admin',
    'mail.welcome.body':
      'Hello,\n\n{actor} has made you an account in the {site} admin, as {role}. Set your password with this link; it works once, until {time} ({zone}):\n\n{link}\n\nThen sign in at {login} with your email address, {email}.\n\nIf you did not expect this mail, ignore it: without a password nobody can use the account.\n',
    'mail.reset.subject': 'A new password link for the {site} admin',
    'mail.reset.body':
      'Hello,\n\n{actor} has made you a new link to set the password of your account in the {site} admin ({email}). It works once, until {time} ({zone}); earlier links no longer work:\n\n{link}\n\nIf you did not ask for it, ignore this mail: your password stays as it is.\n',
  },
  {
    'mail.welcome.subject': 'Ваша учётная запись в администрировании {site}',
    'mail.welcome.body':
      'Здравствуйте!\n\n{actor} приглашает вас в администрирование {site}: для вас создана учётная запись, роль — {role}. Задайте пароль по этой ссылке; она сработает один раз, до {time} ({zone}):\n\n{link}\n\nЗатем войдите на {login} со своим адресом электронной почты, {email}.\n\nЕсли вы не ждали этого письма, просто не обращайте на него внимания: без пароля учётной записью никто не сможет воспользоваться.\n',
    'mail.reset.subject': 'Новая ссылка для пароля в администрировании {site}',
    'mail.reset.body':
      'Здравствуйте!\n\nДля вашей учётной записи в администрировании {site} ({email}) сделана новая ссылка, чтобы задать пароль; отправитель — {actor}. Она сработает один раз, до {time} ({zone}); прежние ссылки больше не действуют:\n\n{link}\n\nЕсли вы её не просили, не обращайте внимания на это письмо: ваш пароль остаётся прежним.\n',
  },
);
