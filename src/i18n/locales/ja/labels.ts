/** Japanese labels for the contract's enumerations (keyed by the English wire value). */
import type en from '../../en/labels.js';
import type { Translation } from '../../types.js';

export default {
  'motion.referral': '紹介',
  'motion.reseller': '再販',
  'motion.marketplace': 'マーケットプレイス',
  'motion.services': 'サービス（SI/MSP）',
  'motion.tech': 'テクノロジー（ISV）',

  'stage.intro-logged': '紹介登録済み',
  'stage.validate': '見極め',
  'stage.prove-value': '価値実証',
  'stage.commercials': '条件交渉',
  'stage.closed-credit': '成約・実績計上',
  'stage.deal-registration': '案件登録',
  'stage.qualification': '案件精査',
  'stage.configure-quote': '構成・見積',
  'stage.transact': '取引実行',
  'stage.launch-enable': '導入・活用支援',
  'stage.listing-ready': '掲載準備完了',
  'stage.private-offer': 'プライベートオファー',
  'stage.procurement': '調達手続き',
  'stage.close-disburse': '成約・支払い',
  'stage.adopt-expand': '定着・拡大',
  'stage.solution-design': 'ソリューション設計',
  'stage.proof-workshop': 'PoC／ワークショップ',
  'stage.delivery': 'デリバリー',
  'stage.handoff': '引き継ぎ',
  'stage.integration-fit': '連携適合性',
  'stage.field-readiness': '営業現場の準備',
  'stage.pipeline-activation': 'パイプライン始動',
  'stage.validation': '検証',
  'stage.commercials-close': '条件交渉・成約',

  'status.pending': '審査待ち',
  'status.approved': '承認済み',
  'status.declined': '却下',
  'status.expired': '期限切れ',
  'status.won': '受注',
  'status.lost': '失注',

  'role.partner_user': 'パートナーユーザー',
  'role.partner_admin': 'パートナー管理者',
  'role.channel_manager': 'チャネルマネージャー',

  'tier.registered': 'レジスタード',
  'tier.silver': 'シルバー',
  'tier.gold': 'ゴールド',
  'tier.platinum': 'プラチナ',

  'conflict.none': '競合なし',
  'conflict.risk': '競合の可能性あり',
  'conflict.active': '競合あり',

  'attribution.sourced': '創出',
  'attribution.influenced': '関与',
  'pipeline.attribution': '{type} · {percent, number, ::percent}',
} satisfies Translation<typeof en>;
