/**
 * iletiMerkezi's status table: every documented `response.status.code`, its Turkish wire message, and the shared
 * error class it maps to. This is the one place where iletiMerkezi codes become tagged errors.
 *
 * Source: the provider's error-code page (seed `iletimerkezi-error-codes.txt`, 2026-04-29) and `iletimerkezi.md` §6.
 *
 * @since 0.1.0
 */
import * as SmsError from "../SmsError.ts"

/**
 * A documented status: its code, its exact Turkish wire message, and its error class.
 *
 * @since 0.1.0
 */
export interface StatusEntry {
  readonly code: number
  readonly message: string
  readonly error: SmsError.StatusErrorClass
}

const entry = (code: number, message: string, error: SmsError.StatusErrorClass): StatusEntry => ({
  code,
  message,
  error
})

/**
 * The success message.
 *
 * @since 0.1.0
 */
export const SuccessMessage = "İşlem başarılı"

/**
 * Every documented error status, by code.
 *
 * @since 0.1.0
 */
export const Statuses = {
  400: entry(400, "İstek çözümlenemedi", SmsError.RequestNotParsed),
  401: entry(401, "Üyelik bilgileri hatalı", SmsError.AuthenticationFailed),
  402: entry(402, "Bakiye yetersiz", SmsError.InsufficientBalance),
  403: entry(403, "Aktif abonelik bulunamadı", SmsError.NoActiveSubscription),
  404: entry(404, "API istek yapılan yönteme sahip değil", SmsError.MethodNotFound),
  405: entry(405, "Aboneliğinizin kotası dolmuş", SmsError.SubscriptionQuotaExceeded),
  422: entry(422, "İstek içerisindeki değerler doğrulanamadı", SmsError.ValidationFailed),
  // Not documented by iletiMerkezi (no 429 has been seen, iletimerkezi.md §8); kept so that a proxy's or a future
  // API's throttling becomes RateLimited rather than UnknownStatus.
  429: entry(429, "Too Many Requests", SmsError.RateLimited),
  450: entry(450, "Gönderilen başlık kullanıma uygun değil", SmsError.SenderNotApproved),
  451: entry(451, "Tekrar eden sipariş", SmsError.DuplicateOrder),
  452: entry(452, "Mesaj alıcıları hatalı", SmsError.InvalidRecipients),
  453: entry(453, "Sipariş boyutu aşıldı", SmsError.OrderTooLarge),
  454: entry(454, "Mesaj metni boş", SmsError.EmptyMessageText),
  455: entry(455, "Sipariş bulunamadı", SmsError.OrderNotFound),
  456: entry(456, "Sipariş gönderim tarihi henüz gelmedi", SmsError.OrderNotYetDue),
  457: entry(457, "Mesaj gönderim tarihinin formatı hatalı", SmsError.InvalidSendDateTime),
  458: entry(458, "Tarih aralığı hatalı", SmsError.InvalidDateRange),
  459: entry(459, "Başlık kısmı boş olamaz", SmsError.EmptySender),
  460: entry(460, "Başlık 11 karakterden fazla olmamalı ve Türkçe karakter içermemelidir", SmsError.InvalidSender),
  461: entry(461, "Grup adını boş bırakamazsınız", SmsError.GroupNameRequired),
  462: entry(462, "Grup id alanını boş bırakamazsınız", SmsError.GroupIdRequired),
  463: entry(463, "Böyle bir grup bulunamadı", SmsError.GroupNotFound),
  464: entry(464, "Page değeri 1'den başlamalı", SmsError.InvalidPage),
  465: entry(465, "Kişi bulunamadı", SmsError.ContactNotFound),
  466: entry(466, "Hatalı numara", SmsError.InvalidNumber),
  467: entry(467, "Evrak bilgisi eksik", SmsError.DocumentMissing),
  468: entry(468, "IYS üzerinden sorgulama yapılıp yapılmayacağını ayarlamalısınız", SmsError.IysFlagRequired),
  469: entry(469, "IYS listenizi seçmelisiniz, BIREYSEL veya TACIR", SmsError.IysListRequired),
  470: entry(470, "IYS kodunuzu ayarlamalısınız", SmsError.IysCodeMissing),
  471: entry(471, "Arama terimi en az 3 karakter olmalıdır", SmsError.SearchTermTooShort),
  472: entry(
    472,
    "Ad, soyad, cep telefonu, email alanlarından en az biri dolu olmalıdır",
    SmsError.ContactFieldRequired
  ),
  473: entry(473, "Özel alan bulunamadı", SmsError.CustomFieldNotFound),
  474: entry(474, "Bu numara üzerindeki engelleme kaldırılamaz", SmsError.BlacklistRemovalNotAllowed),
  475: entry(475, "Alıcı sayısı 5000 kişiyi geçemez", SmsError.TooManyConsentRecipients),
  503: entry(503, "Sunucu geçici olarak servis dışı", SmsError.ServiceUnavailable)
} as const satisfies Record<number, StatusEntry>

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
export const lookup = (code: number): StatusEntry | undefined =>
  Object.hasOwn(Statuses, code) ? Statuses[code as StatusCode] : undefined

/**
 * Builds the tagged error for a status code and wire message. Codes outside `allowed` (the endpoint's documented
 * codes) and codes nobody documents become `UnknownStatus`, keeping the code. (503 and 429 map to their classes on
 * every endpoint because every endpoint lists `CommonErrors`.)
 *
 * @since 0.1.0
 */
export const fromStatus = (
  code: number,
  message: string,
  options: {
    readonly allowed: ReadonlyArray<SmsError.StatusErrorClass>
    readonly httpStatus?: number | undefined
    readonly retryAfterMillis?: number | undefined
  }
): SmsError.StatusError => {
  const fields = {
    provider: "iletimerkezi" as const,
    code,
    message,
    ...(options.httpStatus === undefined ? {} : { httpStatus: options.httpStatus }),
    ...(options.retryAfterMillis === undefined ? {} : { retryAfterMillis: options.retryAfterMillis })
  }
  const known = lookup(code)
  if (known !== undefined && options.allowed.includes(known.error)) return new known.error(fields)
  return new SmsError.UnknownStatus(fields)
}
