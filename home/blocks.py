from wagtail import blocks


class CrisisResourceBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    description = blocks.CharBlock(max_length=255, required=False)
    phone = blocks.CharBlock(
        max_length=40, required=False, help_text="Shown as a tap-to-call link, e.g. 988."
    )
    sms = blocks.CharBlock(
        max_length=80, required=False, help_text='Text instructions, e.g. "Text HOME to 741741".'
    )
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "help"
        label = "Crisis resource"
