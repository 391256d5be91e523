/** Japanese messages shared by every element. Polite register (です・ます); full-width punctuation. */
import type en from '../../en/common.js';
import type { Translation } from '../../types.js';

export default {
  'common.loading': '読み込み中…',
  'common.retry': '再試行',
  'common.none': 'なし',

  'error.hint.network': '接続を確認してから、もう一度お試しください。',
  'error.hint.auth': 'セッションの有効期限が切れた可能性があります。もう一度お試しください。解決しない場合は、再度サインインしてください。',
  'error.hint.config': 'このページの設定に問題があります。Partnerkit の README をご確認ください。',
  'error.hint.schema': '時間をおいてもう一度お試しください。問題が続く場合は、パートナーサイトの担当チームにお知らせください。',
  'error.network': 'パートナーサービスに接続できませんでした。',
  'error.schema': 'パートナーサービスから、このページで処理できない形式の応答がありました。',
  'error.signedOut': 'サインアウトされました',
  'error.signedOut.detail': 'パートナーサイトに再度サインインしてから、もう一度お試しください。入力した内容は失われません。',
  'error.field': '{field}：{message}',
  'error.field.request': '（リクエスト）',
} satisfies Translation<typeof en>;
