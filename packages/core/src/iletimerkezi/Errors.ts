/**
 * iletiMerkezi's status table: every documented `response.status.code`, its Turkish wire message, and the shared
 * error class it maps to. This is the one place where iletiMerkezi codes become tagged errors.
 *
 * Source: the provider's public error-code page ("API Error Codes" at https://www.iletimerkezi.com/en/docs/api/), summarised in
 * `docs/providers/iletimerkezi-api.md` ("Status codes").
 *
 * @since 0.1.0
 */
import * as SmsError from "../SmsError.ts"
import * as StatusTable from "../StatusTable.ts"

/**
 * The success message.
 *
 * @since 0.1.0
 */
export const SuccessMessage = "İşlem başarılı"

/**
 * Every documented error status, by code: the class, the exact Turkish wire message, and where the class's own hint
 * is not specific enough, iletiMerkezi's.
 *
 * @since 0.1.0
 */
export const Statuses = StatusTable.make({
  400: { error: SmsError.RequestNotParsed, message: "İstek çözümlenemedi" },
  401: {
    error: SmsError.AuthenticationFailed,
    message: "Üyelik bilgileri hatalı",
    hint: 'The credentials were rejected. The usual cause is the panel\'s "Allow API access" toggle being off (Settings → Security → Access Permissions); otherwise check the API key and hash/secret, and any fixed-IP restriction on the account.'
  },
  402: {
    error: SmsError.InsufficientBalance,
    message: "Bakiye yetersiz",
    hint: "The account has no balance (TL or SMS credits) left for this order."
  },
  403: { error: SmsError.NoActiveSubscription, message: "Aktif abonelik bulunamadı" },
  404: { error: SmsError.MethodNotFound, message: "API istek yapılan yönteme sahip değil" },
  405: { error: SmsError.SubscriptionQuotaExceeded, message: "Aboneliğinizin kotası dolmuş" },
  422: { error: SmsError.ValidationFailed, message: "İstek içerisindeki değerler doğrulanamadı" },
  // Not documented by iletiMerkezi (no 429 has been seen); kept so that a proxy's or a future API's throttling becomes
  // RateLimited rather than UnknownStatus.
  429: { error: SmsError.RateLimited, message: "Too Many Requests" },
  450: { error: SmsError.SenderNotApproved, message: "Gönderilen başlık kullanıma uygun değil" },
  451: { error: SmsError.DuplicateOrder, message: "Tekrar eden sipariş" },
  452: { error: SmsError.InvalidRecipients, message: "Mesaj alıcıları hatalı" },
  453: {
    error: SmsError.OrderTooLarge,
    message: "Sipariş boyutu aşıldı",
    hint: "The message text is longer than the provider's maximum of 7 SMS parts for its encoding."
  },
  454: { error: SmsError.EmptyMessageText, message: "Mesaj metni boş" },
  455: {
    error: SmsError.OrderNotFound,
    message: "Sipariş bulunamadı",
    // get-report and cancel-order both answer 455: only to a cancel can it mean "too late".
    hint: "No such order on this account. To a cancel it also means the order can no longer be cancelled (it has started sending or has finished)."
  },
  456: { error: SmsError.OrderNotYetDue, message: "Sipariş gönderim tarihi henüz gelmedi" },
  457: {
    error: SmsError.InvalidSendDateTime,
    message: "Mesaj gönderim tarihinin formatı hatalı",
    hint: "The scheduled send time is not in the dd/MM/yyyy HH:mm format."
  },
  458: {
    error: SmsError.InvalidDateRange,
    message: "Tarih aralığı hatalı",
    hint: "The date range is invalid: dates must be Y-m-d and the range at most 10 days."
  },
  459: { error: SmsError.EmptySender, message: "Başlık kısmı boş olamaz" },
  460: {
    error: SmsError.InvalidSender,
    message: "Başlık 11 karakterden fazla olmamalı ve Türkçe karakter içermemelidir",
    hint: "The provider refused the sender ID's form: at most 11 characters, ASCII letters, digits and spaces only (no Turkish letters, emoji or tabs)."
  },
  466: {
    error: SmsError.InvalidNumber,
    message: "Hatalı numara",
    hint: "The number is not a valid Turkish mobile number (bad carrier prefix)."
  },
  467: { error: SmsError.DocumentMissing, message: "Evrak bilgisi eksik" },
  468: { error: SmsError.IysFlagRequired, message: "IYS üzerinden sorgulama yapılıp yapılmayacağını ayarlamalısınız" },
  469: { error: SmsError.IysListRequired, message: "IYS listenizi seçmelisiniz, BIREYSEL veya TACIR" },
  470: { error: SmsError.IysCodeMissing, message: "IYS kodunuzu ayarlamalısınız" },
  474: { error: SmsError.BlacklistRemovalNotAllowed, message: "Bu numara üzerindeki engelleme kaldırılamaz" },
  475: { error: SmsError.TooManyConsentRecipients, message: "Alıcı sayısı 5000 kişiyi geçemez" },
  503: { error: SmsError.ServiceUnavailable, message: "Sunucu geçici olarak servis dışı" }
})

/**
 * A documented error code.
 *
 * @since 0.1.0
 */
export type StatusCode = keyof typeof Statuses

/**
 * The status entry for a code, if the code is documented.
 *
 * @since 0.1.0
 */
export const lookup = (code: number): StatusTable.Entry | undefined => StatusTable.lookup(Statuses, code)
