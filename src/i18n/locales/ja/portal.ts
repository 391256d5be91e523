/** Japanese messages of `<pk-portal>`. */
import type en from '../../en/portal.js';
import type { Translation } from '../../types.js';

export default {
  'portal.loading': 'パートナーポータルを読み込み中…',
  'portal.error': 'パートナーポータルを読み込めませんでした',
  'portal.nav': 'パートナーポータル',
  'portal.section.insights': 'インサイト',
  'portal.section.pipeline': 'パイプライン',
  'portal.section.register': '案件登録',
  'portal.section.review': '審査キュー',
  'portal.section.content': 'コンテンツ',
  'portal.section.rules': '取引ルール',
  'portal.section.announcements': 'お知らせ',
  'portal.signedInAs': '<b>{name}</b> としてサインイン中',
  'portal.partnerTier': '{partner}（{tier}）',
  'portal.badge.unread': '{count, plural, other {未読 # 件}}',
  'portal.badge.rules': '未同意',
} satisfies Translation<typeof en>;
