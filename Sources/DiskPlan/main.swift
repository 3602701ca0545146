print("diskplan")
