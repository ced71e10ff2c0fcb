"""A console e-mail backend that people can read.

Django's console backend prints the raw message: Vietnamese subjects come out RFC 2047-encoded
(``=?utf-8?b?...?=``) and bodies base64-encoded. This one prints the headers decoded and each
text part as text, which is what a developer running ``make run`` wants to see.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleEmailBackend(EmailBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(str(a) for a in message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc: {', '.join(str(a) for a in message.cc)}")
        if message.reply_to:
            lines.append(f"Reply-To: {', '.join(str(a) for a in message.reply_to)}")
        lines.append(f"Subject: {message.subject}")
        lines.append("")
        lines.append(str(message.body))
        for alternative in getattr(message, "alternatives", []) or []:
            content, mimetype = alternative[0], alternative[1]
            if mimetype == "text/html":
                lines.append(f"[{mimetype} alternative: {len(content)} characters]")
        for attachment in message.attachments:
            name = getattr(attachment, "filename", None) or (
                attachment[0] if isinstance(attachment, tuple) else "attachment"
            )
            lines.append(f"[attachment: {name}]")
        text = "\n".join(lines)
        self.stream.write(text + "\n")
        self.stream.write("-" * 79 + "\n")
