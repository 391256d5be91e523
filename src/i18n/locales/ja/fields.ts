/** Japanese messages for the stable field-error codes (`field.<code>`). */
import type en from '../../en/fields.js';
import type { Translation } from '../../types.js';

export default {
  'field.required': '必須項目です',
  'field.too_short': '{min, plural, other {#文字}}以上で入力してください',
  'field.too_long': '{max, plural, other {#文字}}以内で入力してください',
  'field.too_few': '{min, number}件以上追加してください',
  'field.too_many': '{max, number}件以内にしてください',
  'field.too_small': '{inclusive, select, true {{min, number}以上の値を入力してください} other {{min, number}より大きい値を入力してください}}',
  'field.too_big': '{inclusive, select, true {{max, number}以下の値を入力してください} other {{max, number}未満の値を入力してください}}',
  'field.not_a_number': '数値を入力してください',
  'field.not_an_integer': '整数を入力してください',
  'field.invalid_email': 'メールアドレスを入力してください（例：name@example.com）',
  'field.invalid_date': '日付を入力してください（例：2026-12-31）',
  'field.invalid_domain': 'ドメインを入力してください（例：example.com）',
  'field.invalid_currency': '3文字の通貨コードを入力してください（例：JPY）',
  'field.invalid_format': '形式が正しくありません',
  'field.invalid_choice': 'いずれかの選択肢を選んでください',
  'field.invalid_type': 'この値は無効です',
  'field.date_in_past': '成約予定日が過去の日付です',
  'field.exit_criteria_unmet': 'このステージの完了条件をまだ満たしていません',
  'field.stale': 'この案件は他のユーザーによって変更されました。最新の値を確認してください',
  'field.unknown_field': '不明な項目です',
  'field.unknown_parameter': '不明なパラメーターです',
  'field.repeated_parameter': 'このパラメーターは1回だけ指定してください',
  'field.invalid_characters': '使用できない文字が含まれています',
  'field.invalid_cursor': 'このページのリンクは有効期限が切れています。最初のページからやり直してください',
  'field.conflict': '以前のリクエストと競合しています',
  'field.certification_required': '「{certification}」認定が必要です',
  'field.not_allowed': 'この操作を行う権限がありません',
  'field.invalid': 'この値は無効です',
} satisfies Translation<typeof en>;
